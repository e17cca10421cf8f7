import assert from "node:assert/strict";
import { assertThrows } from "./testdata/assert_throws.ts";
import { parseShard, resolveShard, selectShard, shardFromEnv } from "./shard.ts";

Deno.test("selectShard() takes positions i mod N and the shards partition the list", () => {
  const items = Array.from({ length: 10 }, (_, i) => i);
  assert.deepEqual(selectShard(items, parseShard("1/4")), [1, 5, 9]);
  const union = [0, 1, 2, 3].flatMap((i) => selectShard(items, { index: i, count: 4, source: "" }));
  assert.deepEqual(union.sort((a, b) => a - b), items);
});

Deno.test("parseShard() refuses an index past the count, a zero count and non-numbers", () => {
  assertThrows(
    () => parseShard("7/4"),
    Error,
    "Cannot shard grid: index must be < count, got index 7, count 4",
  );
  assertThrows(() => parseShard("0/0"), Error, "count must be >= 1, got count 0");
  assertThrows(() => parseShard("a/4"), Error, "shard index must be a whole number, got 'a'");
  assertThrows(() => parseShard("-1/4"), Error, "must be a whole number");
  assertThrows(() => parseShard("3"), Error, "expected --shard i/N");
});

Deno.test("shardFromEnv() reads Slurm arrays by count or by min/max/step", () => {
  assert.deepEqual(
    shardFromEnv({ SLURM_ARRAY_TASK_ID: "2", SLURM_ARRAY_TASK_COUNT: "4" }),
    { index: 2, count: 4, source: "Slurm array task 2" },
  );
  const byRange = shardFromEnv({
    SLURM_ARRAY_TASK_ID: "12",
    SLURM_ARRAY_TASK_MIN: "10",
    SLURM_ARRAY_TASK_MAX: "16",
    SLURM_ARRAY_TASK_STEP: "2",
    SLURM_ARRAY_TASK_COUNT: "4",
  });
  assert.deepEqual([byRange?.index, byRange?.count], [1, 4]);
  assertThrows(
    () => shardFromEnv({ SLURM_ARRAY_TASK_ID: "5", SLURM_ARRAY_TASK_COUNT: "4" }),
    Error,
    "index must be < count, got index 5, count 4",
  );
});

Deno.test("shardFromEnv() reads a Kubernetes Indexed Job and wants its count", () => {
  assert.deepEqual(
    shardFromEnv({ JOB_COMPLETION_INDEX: "3", PLBENCH_SHARD_COUNT: "8" })?.index,
    3,
  );
  assertThrows(() => shardFromEnv({ JOB_COMPLETION_INDEX: "3" }), Error, "PLBENCH_SHARD_COUNT");
  assert.deepEqual(shardFromEnv({}), null);
});

Deno.test("resolveShard() prefers the flag, then the environment, then the whole grid", () => {
  const env = { SLURM_ARRAY_TASK_ID: "1", SLURM_ARRAY_TASK_COUNT: "2" };
  assert.deepEqual(resolveShard("0/3", env).count, 3);
  assert.deepEqual(resolveShard(undefined, env).index, 1);
  assert.deepEqual(resolveShard(undefined, {}), { index: 0, count: 1, source: "whole grid" });
});
