import { spawnSync } from 'node:child_process';
import { dirname } from 'node:path';

/** True when Debian's docker-compose (which validates files without an engine) is installed. */
export const hasDockerCompose = spawnSync('docker-compose', ['version'], { stdio: 'ignore' }).status === 0;

export const SKIP_MESSAGE =
  'docker-compose is not installed: compose files are not validated (apt-get install docker-compose; .ci/run does)';

export interface ComposeCheck {
  ok: boolean;
  stderr: string;
}

/** `docker-compose -f FILE --env-file ENV config -q`: the file's own validation, interpolation included. */
export function validateCompose(file: string, envFile: string): ComposeCheck {
  const run = composeConfig(file, envFile, ['-q']);
  return { ok: run.status === 0, stderr: run.stderr };
}

function composeConfig(file: string, envFile: string, extra: string[]) {
  return spawnSync('docker-compose', ['-f', file, '--env-file', envFile, 'config', ...extra], {
    cwd: dirname(file),
    encoding: 'utf8',
  });
}

/** The resolved configuration `docker-compose config` prints, as an object. */
export function resolvedCompose(file: string, envFile: string): ComposeFile {
  const run = composeConfig(file, envFile, []);
  if (run.status !== 0) throw new Error(`docker-compose config failed: ${run.stderr}`);
  // docker-compose depends on python3-yaml, so it is there whenever docker-compose is.
  const json = spawnSync(
    'python3',
    ['-c', 'import json, sys, yaml; json.dump(yaml.safe_load(sys.stdin), sys.stdout)'],
    { input: run.stdout, encoding: 'utf8' },
  );
  if (json.status !== 0) throw new Error(`cannot read docker-compose's output: ${json.stderr}`);
  return JSON.parse(json.stdout) as ComposeFile;
}

export interface ComposeService {
  image?: string;
  build?: { context: string };
  restart?: string;
  environment?: Record<string, string>;
  ports?: string[];
  volumes?: string[];
  depends_on?: Record<string, { condition: string }>;
  healthcheck?: { test: string[] };
  logging?: { driver: string; options: Record<string, string> };
  stop_grace_period?: string;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  volumes?: Record<string, unknown>;
}
