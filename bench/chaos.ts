/**
 * `npm run drill:chaos -- --rounds 100 [--buyers 6] [--seed N] [--min-up 500] [--max-up 4000]`:
 * the chaos drill (bench/chaos-drill.ts). Prints a line per round, the figures, every
 * problem found, and one JSON object as the last line; exits 1 when a check failed.
 */
import { parseArgs } from 'node:util';
import { runChaosDrill } from './chaos-drill.ts';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '100' },
    buyers: { type: 'string', default: '6' },
    seed: { type: 'string' },
    'min-up': { type: 'string', default: '500' },
    'max-up': { type: 'string', default: '4000' },
  },
});
const report = await runChaosDrill({
  rounds: Number(values.rounds),
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
console.log(report.problems.length === 0 ? 'all checks passed' : `PROBLEMS:\n${report.problems.join('\n')}`);
console.log(JSON.stringify({ ...report, ok: report.problems.length === 0 }));
process.exit(report.problems.length === 0 ? 0 : 1);
