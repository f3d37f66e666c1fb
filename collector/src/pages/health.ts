// Ingest health: what arrived, what was absorbed as a duplicate, what was refused and why.
import type { Health } from './data.js';
import { h, type Html } from './html.js';
import { merchantPage, type View } from './layout.js';
import { formatCount } from './money.js';
import { figure, when } from './parts.js';

export const healthPage = (view: View, health: Health): Html => {
  const { locale } = view;
  const rejected = health.rejected.reduce((n, r) => n + r.count, 0);
  return merchantPage(view, {
    title: 'Health',
    body: h`<h1>Health</h1>
<p>Since the collector's database was created.</p>
<dl class="figures">
${figure('Events received', 'received', formatCount(health.received, locale))}
${figure('Duplicates absorbed', 'duplicates', formatCount(health.duplicates, locale))}
${figure('Rejected', 'rejected', formatCount(rejected, locale))}
${figure('Last event', 'lastEventAt', when(health.lastEventAt))}
</dl>
${
  health.rejected.length
    ? h`<div class="table-wrap" tabindex="0"><table id="rejected">
<caption>Rejected events by reason</caption>
<thead><tr><th scope="col">Reason</th><th scope="col" class="num">Events</th></tr></thead>
<tbody>${health.rejected.map((r) => h`<tr><th scope="row"><code>${r.reason}</code></th><td class="num">${formatCount(r.count, locale)}</td></tr>`)}</tbody>
</table></div>`
    : h`<p>No event was rejected.</p>`
}`,
  });
};
