import { hostname } from 'node:os';
import type { Api } from 'grammy';
import type { EffectHandlers } from '../actors/effect.ts';
import { type ActorKind, defineEffect, defineKind, type EffectContext } from '../actors/types.ts';
import { type Lang, texts } from '../bot/i18n.ts';
import { sleep } from '../bot/retry.ts';
import { progressKeyboard, progressText, reportText } from '../bot/views/broadcast.ts';
import {
  type BroadcastEvent,
  type BroadcastRef,
  broadcastMachine,
  type LaneParams,
} from '../machines/broadcast.ts';
import { freezeAudience } from '../shop/broadcasts/audience.ts';
import { claimBatch, type Pace, paceFor, pauseBot } from '../shop/broadcasts/pacing.ts';
import {
  expireStaleClaims,
  openWork,
  recordOutcomes,
  type SendOutcome,
} from '../shop/broadcasts/recipients.ts';
import {
  claimProgressEdit,
  getBroadcast,
  markStarted,
  recipientCounts,
  saveReport,
  setProgressMessage,
} from '../shop/broadcasts/store.ts';
import type { BroadcastReport, RecipientCounts } from '../shop/broadcasts/types.ts';
import { getUser } from '../shop/users.ts';
import { botIdOf, broadcastApi, outcomeOf, sendContent } from './broadcast-send.ts';
import type { EffectDeps } from './deps.ts';
import { statusProjection } from './projections.ts';
import { apiSignal, bestEffortEdit, isTransient } from './telegram.ts';

/** Who claims, in `broadcast_recipients.claimed_by`. */
const CLAIMER = `${hostname()}:${process.pid}`;
/** One lane's effect sends for about this long, then reports back and is started again. */
const LANE_SLICE_MS = 5_000;
/** The progress message is edited at most this often (Telegram allows about one edit a second per chat). */
export const PROGRESS_EDIT_SECONDS = 3;

export interface BroadcastSettings {
  pace: Pace;
  paid: boolean;
  /** Each send's timeout. */
  timeoutMs: number;
  /** A claim older than this belongs to a dead process. */
  leaseSeconds: number;
}

export function broadcastSettings(deps: EffectDeps): BroadcastSettings {
  const config = deps.config;
  const timeoutMs = config.TELEGRAM_TIMEOUT_SECONDS * 1000;
  return {
    pace: paceFor(botIdOf(config.TELEGRAM_BOT_TOKEN), config.BROADCAST_RATE),
    paid: config.BROADCAST_PAID,
    timeoutMs,
    leaseSeconds: config.TELEGRAM_TIMEOUT_SECONDS + 15,
  };
}

/** The broadcast machine's effects: freeze, lanes of paced sends, progress, final report. */
export function broadcastEffects(deps: EffectDeps): EffectHandlers<typeof broadcastMachine> {
  const settings = broadcastSettings(deps);
  const api = broadcastApi(deps.config);
  return {
    freezeRecipients: defineEffect((p: BroadcastRef) => freeze(deps, p), 8),
    // Retried for long: a lane whose process died is picked up again by another.
    sendBatch: defineEffect((p: LaneParams, ctx) => runLane(deps, api, settings, p, ctx), {
      retryLimit: 20,
      retryDelaySeconds: 1,
      retryDelayMaxSeconds: 30,
    }),
    showProgress: defineEffect(async (p: BroadcastRef) => {
      await editProgress(deps, p.broadcastId);
      return undefined;
    }, 3),
    finish: defineEffect(
      (p: BroadcastRef & { outcome: 'done' | 'cancelled' }, ctx) => finish(deps, settings, p, ctx),
      8,
    ),
  };
}

async function langOfAdmin(deps: EffectDeps, adminId: number): Promise<Lang> {
  const admin = await getUser(deps.db, adminId);
  return admin?.language_code?.startsWith('en') ? 'en' : 'id';
}

/** Freezes the audience into recipient rows (once) and posts the progress message (once). */
async function freeze(deps: EffectDeps, p: BroadcastRef): Promise<BroadcastEvent> {
  const broadcast = await getBroadcast(deps.db, p.broadcastId);
  if (!broadcast) throw new Error(`broadcast ${p.broadcastId} has no row`);
  // Frozen once: a retried effect keeps the list it made, even if users joined since.
  const total =
    broadcast.total ??
    (await deps.db.transaction().execute(async (tx) => {
      const n = await freezeAudience(tx, p.broadcastId, broadcast.audience);
      await markStarted(tx, p.broadcastId, n);
      return n;
    }));
  if (broadcast.progressMessageId === null && total > 0) await postProgress(deps, p, total);
  return { type: 'RECIPIENTS_FROZEN', total };
}

/** The progress message; an admin who cannot be reached (blocked the bot) does not stop the broadcast. */
async function postProgress(deps: EffectDeps, p: BroadcastRef, total: number): Promise<void> {
  const t = texts(await langOfAdmin(deps, p.adminId));
  const zero = { pending: total, sending: 0, sent: 0, blocked: 0, failed: 0, unknown: 0 };
  try {
    const message = await deps.api.sendMessage(
      p.adminId,
      progressText(t, { counts: zero, total, elapsedSeconds: 0, paused: false }),
      { parse_mode: 'HTML', reply_markup: progressKeyboard(t, p.broadcastId, false) },
    );
    await setProgressMessage(deps.db, p.broadcastId, p.adminId, message.message_id);
  } catch (error) {
    if (isTransient(error)) throw error;
    deps.logger.warn({ err: error, broadcastId: p.broadcastId }, 'broadcast progress message not sent');
  }
}

/**
 * One lane: claim a batch (tokens from the bot's shared bucket and the recipients, marked
 * 'sending', in one transaction), send it, record the outcomes; again until the slice ends,
 * the broadcast stops sending, or nothing is left. A 429 pauses every sender of the bot.
 */
async function runLane(
  deps: EffectDeps,
  api: Api,
  settings: BroadcastSettings,
  p: LaneParams,
  ctx: EffectContext,
): Promise<BroadcastEvent> {
  const report = (finished: boolean): BroadcastEvent => ({
    type: 'LANE_DONE',
    lane: p.lane,
    generation: p.generation,
    finished,
  });
  const sliceEnds = Date.now() + LANE_SLICE_MS;
  const broadcast = await getBroadcast(deps.db, p.broadcastId);
  if (!broadcast) throw new Error(`broadcast ${p.broadcastId} has no row`);
  while (Date.now() < sliceEnds) {
    // On shutdown the batch in flight is recorded first; the job runs again elsewhere.
    if (ctx.signal.aborted) throw new Error('stopping: the lane resumes on its next attempt');
    const claim = await claimBatch(deps.db, p.broadcastId, settings.pace, CLAIMER);
    if (claim.kind === 'stopped') return report(false);
    if (claim.kind === 'wait') {
      await pause(Math.min(claim.ms, sliceEnds - Date.now()), ctx.signal);
      continue;
    }
    if (claim.kind === 'none') {
      await expireStaleClaims(deps.db, p.broadcastId, settings.leaseSeconds);
      const work = await openWork(deps.db, p.broadcastId);
      if (work.pending === 0 && work.sending === 0) return report(true);
      await pause(Math.min(work.nextDueInMs ?? 500, 500, sliceEnds - Date.now()), ctx.signal);
      continue;
    }
    const results = await Promise.all(
      claim.recipients.map(async (recipient) => {
        try {
          await sendContent(api, recipient.userId, broadcast.content, {
            paid: settings.paid,
            signal: AbortSignal.timeout(settings.timeoutMs),
          });
          return {
            outcome: { id: recipient.id, userId: recipient.userId, result: 'sent' } as SendOutcome,
            retryAfter: 0,
          };
        } catch (error) {
          return outcomeOf(recipient, error);
        }
      }),
    );
    await recordOutcomes(
      deps.db,
      results.flatMap((r) => (r.outcome ? [r.outcome] : [])),
    );
    const retryAfter = Math.max(0, ...results.map((r) => r.retryAfter));
    if (retryAfter > 0) {
      ctx.logger.warn({ retryAfter }, 'broadcast rate limited by Telegram: pausing the bot');
      await pauseBot(deps.db, settings.pace.botId, retryAfter);
    }
    if (await claimProgressEdit(deps.db, p.broadcastId, PROGRESS_EDIT_SECONDS))
      await editProgress(deps, p.broadcastId).catch((error) =>
        ctx.logger.warn({ err: error }, 'progress edit failed'),
      );
  }
  return report(false);
}

async function pause(ms: number, signal: AbortSignal): Promise<void> {
  if (ms <= 0) return;
  await sleep(ms, signal).catch(() => undefined);
}

/** Edits the progress message to the current counts (with Pause or Resume, and Cancel). */
export async function editProgress(deps: EffectDeps, broadcastId: string): Promise<void> {
  const broadcast = await getBroadcast(deps.db, broadcastId);
  if (!broadcast?.progressChatId || !broadcast.progressMessageId) return;
  if (broadcast.status !== 'sending' && broadcast.status !== 'paused') return;
  const counts = await recipientCounts(deps.db, broadcastId);
  setGauge(deps, broadcastId, counts);
  const t = texts(await langOfAdmin(deps, broadcast.adminId));
  const paused = broadcast.status === 'paused';
  const elapsedSeconds = counts.firstSentAt ? (Date.now() - counts.firstSentAt.getTime()) / 1000 : 0;
  const text = progressText(t, { counts, total: broadcast.total ?? 0, elapsedSeconds, paused });
  const chatId = broadcast.progressChatId;
  const messageId = broadcast.progressMessageId;
  await bestEffortEdit(deps, () =>
    deps.api.editMessageText(chatId, messageId, text, {
      parse_mode: 'HTML',
      reply_markup: progressKeyboard(t, broadcastId, paused),
    }),
  );
}

function setGauge(deps: EffectDeps, broadcastId: string, counts: RecipientCounts) {
  const gauge = deps.metrics?.broadcastRecipients;
  if (!gauge) return;
  for (const status of ['pending', 'sending', 'sent', 'blocked', 'failed', 'unknown'] as const)
    gauge.set({ broadcast: broadcastId, status }, counts[status]);
}

/**
 * Waits for batches still in flight (or their lease, when their process died), then writes
 * the report and turns the progress message into it.
 */
async function finish(
  deps: EffectDeps,
  settings: BroadcastSettings,
  p: BroadcastRef & { outcome: 'done' | 'cancelled' },
  ctx: EffectContext,
): Promise<BroadcastEvent> {
  const deadline = Date.now() + (settings.leaseSeconds + 5) * 1000;
  for (;;) {
    if (ctx.signal.aborted) throw new Error('stopping: the report is written on the next attempt');
    await expireStaleClaims(deps.db, p.broadcastId, settings.leaseSeconds);
    const work = await openWork(deps.db, p.broadcastId);
    if (work.sending === 0 || Date.now() > deadline) break;
    await pause(500, ctx.signal);
  }
  const broadcast = await getBroadcast(deps.db, p.broadcastId);
  if (!broadcast) throw new Error(`broadcast ${p.broadcastId} has no row`);
  const counts = await recipientCounts(deps.db, p.broadcastId);
  setGauge(deps, p.broadcastId, counts);
  const first = counts.firstSentAt?.getTime();
  const last = counts.lastSentAt?.getTime();
  const sendSeconds = first !== undefined && last !== undefined ? (last - first) / 1000 : 0;
  const started = broadcast.startedAt?.getTime() ?? Date.now();
  const report: BroadcastReport = {
    outcome: p.outcome,
    total: broadcast.total ?? 0,
    pending: counts.pending,
    sending: counts.sending,
    sent: counts.sent,
    blocked: counts.blocked,
    failed: counts.failed,
    unknown: counts.unknown,
    durationSeconds: Math.max(0, ((last ?? Date.now()) - started) / 1000),
    ratePerSecond: sendSeconds > 0 ? (counts.sent - 1) / sendSeconds : counts.sent,
  };
  // The report is written once: a retried finish shows the same figures.
  const saved = broadcast.report ?? report;
  if (!broadcast.report) await saveReport(deps.db, p.broadcastId, report);
  const t = texts(await langOfAdmin(deps, p.adminId));
  const text = reportText(t, saved);
  if (broadcast.progressChatId && broadcast.progressMessageId) {
    const chatId = broadcast.progressChatId;
    const messageId = broadcast.progressMessageId;
    await bestEffortEdit(deps, () =>
      deps.api.editMessageText(chatId, messageId, text, { parse_mode: 'HTML' }),
    );
  } else {
    await bestEffortEdit(deps, () =>
      deps.api.sendMessage(p.adminId, text, { parse_mode: 'HTML' }, apiSignal(ctx.signal)),
    );
  }
  return { type: 'FINISHED' };
}

/** Keeps `broadcasts.status` in step with the actor: lanes read it to know whether to go on. */
export const broadcastProjection = statusProjection<typeof broadcastMachine>(
  'broadcasts',
  (snapshot) => snapshot.context.broadcastId,
  (snapshot) => String(snapshot.value),
);

/**
 * The broadcast kind, on a queue of its own so a long broadcast never delays a checkout's
 * effects: its lanes hold a few workers for seconds at a time, the shop's queues keep theirs.
 */
export function broadcastKind(deps: EffectDeps): ActorKind {
  return defineKind({
    kind: 'broadcast',
    machine: broadcastMachine,
    version: 1,
    effects: broadcastEffects(deps),
    projection: broadcastProjection,
    queue: { name: 'actor-effects/broadcast', concurrency: 8 },
  });
}
