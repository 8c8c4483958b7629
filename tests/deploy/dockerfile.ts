import { spawnSync } from 'node:child_process';
import { chownSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, matchesGlob, posix } from 'node:path';

/**
 * Replays a Dockerfile's steps in a folder instead of an image, so a test can run what the
 * image would run without a Docker engine. Every instruction is either followed or refused:
 * nothing is skipped silently. Each stage gets its own root folder; image paths map under it.
 */

export interface Instruction {
  keyword: string;
  args: string;
  line: number;
}

export interface ReplayedImage {
  base: string;
  /** Host folder standing for the final stage's WORKDIR. */
  workdir: string;
  user: { uid: number; gid: number } | undefined;
  env: Record<string, string>;
  /** CMD and HEALTHCHECK with image paths mapped to host paths and `node` to `options.node`. */
  cmd: string[];
  healthcheck: string[] | undefined;
  volumes: string[];
  stopSignal: string;
}

export interface ReplayOptions {
  /** The build context (the repository). */
  context: string;
  /** An empty folder the stages are laid out in. */
  into: string;
  /** Stands in for the base image's `node` where CMD or HEALTHCHECK name it bare (given the host WORKDIR). */
  node: (workdir: string) => string;
}

/** Instructions in order; continuation lines joined, comments and blank lines dropped. */
export function parseDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let pending = '';
  let start = 0;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (!pending && (line === '' || line.startsWith('#'))) return;
    if (pending && line.startsWith('#')) return;
    if (!pending) start = index + 1;
    const continued = line.endsWith('\\');
    pending += `${continued ? line.slice(0, -1) : line} `;
    if (continued) return;
    const [, keyword = '', args = ''] = /^(\S+)\s*(.*)$/.exec(pending.trim()) ?? [];
    instructions.push({ keyword: keyword.toUpperCase(), args: args.trim(), line: start });
    pending = '';
  });
  return instructions;
}

interface Stage {
  name: string;
  root: string;
  base: string;
  workdir: string;
  env: Record<string, string>;
  user: { uid: number; gid: number } | undefined;
}

/** Lays the image out under `options.into` and returns what its final stage would run. */
export function replayDockerfile(text: string, options: ReplayOptions): ReplayedImage {
  const ignored = dockerignore(options.context);
  const stages: Stage[] = [];
  let cmd: string[] | undefined;
  let healthcheck: string[] | undefined;
  let volumes: string[] = [];
  let stopSignal = 'SIGTERM';
  for (const step of parseDockerfile(text)) {
    const where = `Dockerfile line ${step.line} (${step.keyword})`;
    if (step.keyword === 'FROM') {
      const [base = '', as, name] = step.args.split(/\s+/);
      const stageName = as?.toUpperCase() === 'AS' && name ? name : String(stages.length);
      const root = join(options.into, `stage-${stages.length}-${stageName}`);
      mkdirSync(root, { recursive: true });
      stages.push({ name: stageName, root, base, workdir: '/', env: {}, user: undefined });
      cmd = undefined;
      healthcheck = undefined;
      volumes = [];
      continue;
    }
    const stage = stages.at(-1);
    if (!stage) throw new Error(`${where}: comes before any FROM`);
    switch (step.keyword) {
      case 'WORKDIR':
        stage.workdir = posix.resolve(stage.workdir, step.args);
        mkdirSync(hostPath(stage, stage.workdir), { recursive: true });
        break;
      case 'ENV':
        Object.assign(stage.env, parseEnvArgs(step.args));
        break;
      case 'COPY':
        copyStep(step.args, stage, stages, options.context, ignored, where);
        break;
      case 'RUN':
        runStep(step.args, stage, where);
        break;
      case 'USER':
        stage.user = parseUser(step.args, where);
        break;
      case 'VOLUME':
        volumes = jsonOrWords(step.args).map((path) => hostPath(stage, posix.resolve(stage.workdir, path)));
        break;
      case 'HEALTHCHECK': {
        const match = /\bCMD\s+(\[.*\])$/.exec(step.args);
        if (!match?.[1]) throw new Error(`${where}: expected HEALTHCHECK [options] CMD ["exec", "form"]`);
        healthcheck = JSON.parse(match[1]) as string[];
        break;
      }
      case 'CMD':
        if (!step.args.startsWith('['))
          throw new Error(`${where}: use the exec form so signals reach the process`);
        cmd = JSON.parse(step.args) as string[];
        break;
      case 'STOPSIGNAL':
        stopSignal = step.args;
        break;
      case 'EXPOSE':
        break;
      default:
        throw new Error(
          `${where}: the replay does not know this instruction; teach tests/deploy/dockerfile.ts`,
        );
    }
  }
  const final = stages.at(-1);
  if (!final || !cmd) throw new Error('Dockerfile: no final stage with a CMD');
  const mapArgv = (argv: string[]) =>
    argv.map((arg, i) => {
      if (i > 0) return arg;
      if (arg === 'node') return options.node(hostPath(final, final.workdir));
      return arg.startsWith('/') ? hostPath(final, arg) : arg;
    });
  return {
    base: final.base,
    workdir: hostPath(final, final.workdir),
    user: final.user,
    env: final.env,
    cmd: mapArgv(cmd),
    healthcheck: healthcheck && mapArgv(healthcheck),
    volumes,
    stopSignal,
  };
}

function hostPath(stage: Stage, imagePath: string): string {
  return join(stage.root, imagePath);
}

function parseEnvArgs(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [key = '', ...value] = args.split(/\s+/);
    return { [key]: value.join(' ') };
  }
  const env: Record<string, string> = {};
  for (const match of args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("(?:[^"\\]|\\.)*"|\S*)/g)) {
    const [, key = '', raw = ''] = match;
    env[key] = raw.startsWith('"') ? (JSON.parse(raw) as string) : raw;
  }
  return env;
}

function parseUser(args: string, where: string): { uid: number; gid: number } {
  const match = /^(\d+)(?::(\d+))?$/.exec(args);
  if (!match)
    throw new Error(`${where}: use a numeric uid[:gid] so the user can be checked without the image`);
  const uid = Number(match[1]);
  return { uid, gid: match[2] === undefined ? uid : Number(match[2]) };
}

function jsonOrWords(args: string): string[] {
  return args.startsWith('[') ? (JSON.parse(args) as string[]) : args.split(/\s+/);
}

function copyStep(
  args: string,
  stage: Stage,
  stages: Stage[],
  context: string,
  ignored: (path: string) => boolean,
  where: string,
): void {
  const words = args.split(/\s+/);
  const flags = words.filter((w) => w.startsWith('--'));
  const paths = words.filter((w) => !w.startsWith('--'));
  let from: Stage | undefined;
  let owner: { uid: number; gid: number } | undefined;
  for (const flag of flags) {
    const [name, value = ''] = flag.slice(2).split('=');
    if (name === 'from') from = stages.find((s) => s.name === value);
    else if (name === 'chown') owner = parseUser(value, where);
    else throw new Error(`${where}: the replay does not know --${name}`);
    if (name === 'from' && !from) throw new Error(`${where}: no earlier stage named ${value}`);
  }
  const dest = paths.pop();
  if (!dest || paths.length === 0) throw new Error(`${where}: expected COPY <source>... <dest>`);
  const target = posix.resolve(stage.workdir, dest);
  const intoFolder = dest.endsWith('/') || paths.length > 1;
  for (const source of paths) {
    if (/[*?[]/.test(source)) throw new Error(`${where}: wildcards are not replayed`);
    let fromPath: string;
    if (from) {
      fromPath = hostPath(from, posix.resolve(from.workdir, source));
    } else {
      if (posix.normalize(source).startsWith('..'))
        throw new Error(`${where}: ${source} is outside the context`);
      if (ignored(posix.normalize(source)))
        throw new Error(`${where}: ${source} is excluded by .dockerignore`);
      fromPath = join(context, source);
    }
    if (!existsSync(fromPath)) throw new Error(`${where}: ${source} does not exist`);
    const isFolder = statSync(fromPath).isDirectory();
    const to = hostPath(stage, intoFolder && !isFolder ? posix.join(target, basename(source)) : target);
    cpSync(fromPath, to, { recursive: true, verbatimSymlinks: true });
    if (owner) chownTree(to, owner.uid, owner.gid);
  }
}

/** RUN in the stage's WORKDIR, as the stage's USER; paths must stay relative (under WORKDIR). */
function runStep(args: string, stage: Stage, where: string): void {
  if (args.startsWith('[')) throw new Error(`${where}: the replay runs the shell form only`);
  if (/(^|[\s=;&|(])\/(?!dev\/null\b)/.test(args)) {
    throw new Error(
      `${where}: an absolute path cannot be replayed outside the image; keep RUN under WORKDIR`,
    );
  }
  // The host's own settings (PATH, HOME, CA certificates, proxies) stand in for the build's;
  // the npm_* variables of an enclosing `npm test` would change what npm installs.
  const host = Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key));
  const env = { ...Object.fromEntries(host), ...stage.env };
  const run = spawnSync('sh', ['-c', args], {
    cwd: hostPath(stage, stage.workdir),
    env,
    encoding: 'utf8',
    ...(stage.user ? { uid: stage.user.uid, gid: stage.user.gid } : {}),
  });
  if (run.status !== 0) throw new Error(`${where} failed (${run.status}):\n${run.stdout}\n${run.stderr}`);
}

function chownTree(path: string, uid: number, gid: number): void {
  chownSync(path, uid, gid);
  if (!statSync(path).isDirectory()) return;
  for (const entry of readdirSync(path)) chownTree(join(path, entry), uid, gid);
}

/** A matcher for the context's .dockerignore (patterns, `!` exceptions; last match wins). */
function dockerignore(context: string): (path: string) => boolean {
  const file = join(context, '.dockerignore');
  if (!existsSync(file)) return () => false;
  const rules = readFileSync(file, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => ({ negate: line.startsWith('!'), pattern: posix.normalize(line.replace(/^!/, '')) }));
  return (path) => {
    let excluded = false;
    for (const { negate, pattern } of rules) {
      const hits = matchesGlob(path, pattern) || matchesGlob(path, `${pattern}/**`);
      if (hits) excluded = !negate;
    }
    return excluded;
  };
}
