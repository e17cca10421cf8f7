/**
 * Reads plbench's Kubernetes manifests (deploy/k8s/): the kustomization, the objects of the
 * files it lists, and the objects of the other YAML files beside it (applied on their own, such as
 * the GPU sweep). YAML is read as YAML 1.1, as kubectl reads it (`yes` is a boolean there).
 */
import { parseAllDocuments } from "yaml";
import { isObject } from "./k8s_schema.ts";

/** The folder of the manifests. */
export const K8S_DIR = new URL("../../deploy/k8s/", import.meta.url);

/** The image every pod runs: the name the README's build command gives the Containerfile's image. */
export const IMAGE = "plbench:latest";

/** One object of a manifest file. */
export interface ManifestObject {
  /** The file, relative to deploy/k8s/, and the object's place in it (0 for the first). */
  file: string;
  index: number;
  object: Record<string, unknown>;
}

/** The manifests of a folder. */
export interface Manifests {
  kustomization: Record<string, unknown>;
  /** Objects of the files the kustomization lists, then of the other YAML files. */
  objects: ManifestObject[];
  /** Files of the folder that the kustomization does not list. */
  standalone: string[];
}

/** Parses every YAML document of `text`; throws naming `file` and the problem on bad YAML. */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  return parseAllDocuments(text, { version: "1.1" }).map((doc, i) => {
    const problem = doc.errors[0];
    if (problem !== undefined) throw new Error(`${file}, document ${i}: ${problem.message}`);
    return doc.toJS();
  }).filter((value) => value !== null && value !== undefined);
}

async function objectsOf(dir: URL, file: string): Promise<ManifestObject[]> {
  const docs = parseYamlDocuments(await Deno.readTextFile(new URL(file, dir)), file);
  return docs.map((object, index) => {
    if (!isObject(object)) throw new Error(`${file}, document ${index}: not a mapping`);
    return { file, index, object };
  });
}

/** Reads the manifests in `dir` (default deploy/k8s/). */
export async function readManifests(dir: URL = K8S_DIR): Promise<Manifests> {
  const [kustomization] = parseYamlDocuments(
    await Deno.readTextFile(new URL("kustomization.yaml", dir)),
    "kustomization.yaml",
  );
  if (!isObject(kustomization)) throw new Error("kustomization.yaml: not a mapping");
  const listed = Array.isArray(kustomization.resources) ? kustomization.resources.map(String) : [];
  const standalone: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const yaml = entry.isFile && /\.ya?ml$/.test(entry.name);
    if (yaml && entry.name !== "kustomization.yaml" && !listed.includes(entry.name)) {
      standalone.push(entry.name);
    }
  }
  standalone.sort();
  const objects: ManifestObject[] = [];
  for (const file of [...listed, ...standalone]) objects.push(...await objectsOf(dir, file));
  return { kustomization, objects, standalone };
}
