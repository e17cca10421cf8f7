#!/usr/bin/env bash
# A one-node Slurm cluster on this machine, for tests that submit real job arrays (Debian 12, root, no systemd).
# Idempotent. Usage: deploy/slurm/local-cluster.sh [start|stop]   env: SLURM_CI_AUTH=munge|none (default munge)
# Measured here: install ~7 s, daemons idle in ~1 s, a 4-task array of instant tasks done in 2-4 s,
# tasks run 2 at a time on 2 CPUs. No sacct (no accounting): check results with `scontrol -o show job ID`
# (kept 300 s). Poll `squeue -h -j ID` every 0.2 s rather than `sbatch --wait` (which polls slowly).
set -euo pipefail
export PATH=$PATH:/usr/sbin:/sbin; SPOOL=/var/spool/slurm-ci; H=$(hostname -s); AUTH=${SLURM_CI_AUTH:-munge}
live() { ps -o stat= -p "$*" 2>/dev/null | grep -qv '^Z'; }   # alive and not a zombie
pidof_() { local p; p=$(cat "$1" 2>/dev/null) && [ "$(ps -o comm= -p "$p")" = "$2" ] && live $p && echo $p; }
# Starts a daemon without the descriptors this script inherited: a caller's lock (e.g. a test run
# under `flock`) would otherwise stay held for as long as the daemon lives.
daemon() (
  for fd in /proc/$BASHPID/fd/*; do
    fd=${fd##*/}
    if [ "$fd" -gt 2 ] && [ "$fd" -ne 255 ]; then eval "exec $fd>&-"; fi
  done
  exec "$@"
)
if [ "${1:-start}" = stop ]; then
  sp="$(pidof_ $SPOOL/slurmctld.pid slurmctld || :) $(pidof_ $SPOOL/slurmd.pid slurmd || :)"
  mp=$(pidof_ /run/munge/munged.pid munged || :)
  scontrol shutdown 2>/dev/null || :
  for i in $(seq 50); do live $sp || break; [ $i = 25 ] && { kill $sp 2>/dev/null || :; }; sleep 0.2; done
  [ -z "$mp" ] || kill $mp; exit 0
fi
if ! type -P slurmctld slurmd sbatch munged >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends slurmctld slurmd slurm-client munge >/dev/null
fi
mkdir -p /etc/slurm $SPOOL/ctld $SPOOL/d
cat > /etc/slurm/slurm.conf <<CONF
ClusterName=ci
SlurmctldHost=$H(127.0.0.1)
SlurmUser=root
AuthType=auth/$AUTH
CredType=cred/$AUTH
StateSaveLocation=$SPOOL/ctld
SlurmdSpoolDir=$SPOOL/d
SlurmctldPidFile=$SPOOL/slurmctld.pid
SlurmdPidFile=$SPOOL/slurmd.pid
SlurmctldLogFile=$SPOOL/slurmctld.log
SlurmdLogFile=$SPOOL/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
ReturnToService=2
MpiDefault=none
MailProg=/bin/true
SchedulerParameters=batch_sched_delay=0
$(slurmd -C | head -1 | sed 's/ RealMemory=[0-9]*//') NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
if [ "$AUTH" = munge ] && ! munge -n >/dev/null 2>&1; then
  [ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey -c
  install -d -o munge -g munge -m 0755 /run/munge
  daemon runuser -u munge -- /usr/sbin/munged
fi
pidof_ $SPOOL/slurmctld.pid slurmctld >/dev/null || daemon slurmctld -c
pidof_ $SPOOL/slurmd.pid slurmd >/dev/null || daemon slurmd
end=$((SECONDS + 30))
while [ $SECONDS -lt $end ]; do
  timeout 5 sinfo -h -n "$H" -o %T 2>/dev/null | grep -qE '^(idle|mixed|allocated)$' && exit 0
  sleep 0.2
done
echo "slurm did not come up" >&2; tail -20 $SPOOL/slurmctld.log $SPOOL/slurmd.log >&2; exit 1
