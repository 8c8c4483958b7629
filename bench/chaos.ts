/**
 * `npm run drill:chaos -- --rounds 100 [--buyers 6] [--seed N] [--min-up 500] [--max-up 4000]
 * [--broadcast-recipients 200] [--broadcast-rate 30]`: the chaos drill (bench/chaos-drill.ts) with
 * a broadcast running across the kills (bench/chaos-broadcast.ts; `--broadcast-recipients 0`
 * leaves it out), a second one starting a quarter of the way. Prints a line per round, the figures, every
 * problem found, and one JSON object as the last line; exits 1 when a check failed.
 */
import { parseArgs } from 'node:util';
import { broadcastHook } from './chaos-broadcast.ts';
import { runChaosDrill } from './chaos-drill.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '100' },
    buyers: { type: 'string', default: '6' },
    seed: { type: 'string' },
    'min-up': { type: 'string', default: '500' },
    'max-up': { type: 'string', default: '4000' },
    'broadcast-recipients': { type: 'string', default: '200' },
    'broadcast-rate': { type: 'string', default: '30' },
  },
});
const rounds = Number(values.rounds);
const recipients = Number(values['broadcast-recipients']);
const report = await runChaosDrill({
  rounds,
  hooks:
    recipients > 0
      ? [
          broadcastHook({
            recipients,
            rate: Number(values['broadcast-rate']),
            secondAtRound: Math.max(2, Math.floor(rounds / 4)),
          }),
        ]
      : [],
  buyers: Number(values.buyers),
  minUpMs: Number(values['min-up']),
  maxUpMs: Number(values['max-up']),
  ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  log: (line) => console.log(line),
});
const f = report.figures;
console.log(
  `rounds=${report.rounds} kills=${report.kills} seed=${report.seed} time=${report.seconds} s (${report.secondsPerRound} s/round)`,
);
console.log(
  `checkouts ${f.qrisOrders} by QRIS, ${f.balanceOrders} from the balance; order rows ${f.orders} (a sold-out refusal writes none): delivered ${f.delivered} (${f.redelivered_after_kill} sent again after a kill mid-send), refused ${f.refused}, failed ${f.failed}; items sold ${f.items_sold}`,
);
console.log(
  `payments ${f.paymentsMade} (${f.paymentsWhileDown} while the app was dead, ${f.duplicateWebhooks} with a duplicate webhook); deposits ${f.deposits}, paid ${f.deposits_paid}; ledger entries ${f.ledger_entries}; dead letters ${f.dead_letters}`,
);
if (recipients > 0)
  console.log(
    `broadcasts ${f.broadcast_broadcasts}: recipients ${f.broadcast_recipients}, sent ${f.broadcast_sent}, blocked ${f.broadcast_blocked}, failed ${f.broadcast_failed}, unknown ${f.broadcast_unknown} (${f.broadcast_unknown_received} of them reached Telegram), duplicates ${f.broadcast_duplicates}, missed ${f.broadcast_missed}; kills while sending ${f.broadcast_kills_during_1 ?? 0} + ${f.broadcast_kills_during_2 ?? 0}`,
  );
console.log(report.problems.length === 0 ? 'all checks passed' : `PROBLEMS:\n${report.problems.join('\n')}`);
console.log(JSON.stringify({ ...report, ok: report.problems.length === 0 }));
process.exit(report.problems.length === 0 ? 0 : 1);
