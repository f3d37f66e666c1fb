// Draws every `[data-chart]` with uPlot (loaded before this file): clicks and conversions on the
// left axis, revenue per currency on the right, days in UTC, the values of the day under the
// cursor in the legend. Arrow keys move the cursor when the chart has focus. Money arrives in
// integer minor units and is formatted from its digits, as the server does.
(() => {
  const COLOURS = ['#1d4ed8', '#c2410c', '#15803d', '#7e22ce', '#0f766e', '#a16207'];

  const decimal = (minor, e) => {
    const digits = String(Math.abs(Math.trunc(minor))).padStart(e + 1, '0');
    return (minor < 0 ? '-' : '') + (e ? digits.slice(0, -e) + '.' + digits.slice(-e) : digits);
  };
  const moneyFormat = (locale, currency, e) => {
    const f = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: e, maximumFractionDigits: e });
    return (minor) => (minor == null ? '–' : f.format(decimal(minor, e)));
  };
  const dayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });

  const draw = (el) => {
    const data = JSON.parse(el.dataset.chart);
    const count = new Intl.NumberFormat(data.locale);
    const moneyScales = [];
    const series = [{ label: 'Day (UTC)', value: (u, v) => (v == null ? '–' : dayFormat.format(v * 1000)) }];
    data.series.forEach((s, i) => {
      const scale = s.scale == 'money' ? 'money-' + s.currency : 'count';
      if (s.scale == 'money') moneyScales.push({ scale, format: moneyFormat(data.locale, s.currency, s.exponent), label: s.label });
      const format = s.scale == 'money' ? moneyScales[moneyScales.length - 1].format : (v) => (v == null ? '–' : count.format(v));
      series.push({ label: s.label, scale, stroke: COLOURS[i % COLOURS.length], width: 2, points: { show: true, size: 5 }, value: (u, v) => format(v) });
    });
    const axes = [
      { label: 'Day (UTC)', values: (u, ticks) => ticks.map((t) => dayFormat.format(t * 1000).slice(5)) },
      // Counts are whole: ticks step by 1, 2, 5, 10, …
      { scale: 'count', label: 'Clicks, conversions', incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1e3, 2e3, 5e3, 1e4, 2e4, 5e4, 1e5, 1e6], values: (u, ticks) => ticks.map((t) => count.format(t)) },
    ];
    if (moneyScales[0]) {
      const m = moneyScales[0];
      axes.push({ scale: m.scale, side: 1, label: m.label, grid: { show: false }, size: 80, values: (u, ticks) => ticks.map(m.format) });
    }
    const scales = { x: { time: true }, count: { range: (u, min, max) => [0, Math.max(max, 1)] } };
    for (const m of moneyScales) scales[m.scale] = { range: (u, min, max) => [0, Math.max(max, 1)] };
    const width = () => Math.max(el.clientWidth, 280);
    const u = new uPlot(
      {
        width: width(),
        height: 260,
        series,
        axes,
        scales,
        tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
        cursor: { drag: { x: false, y: false } },
        legend: { live: true },
      },
      [data.x, ...data.series.map((s) => s.values)],
      el,
    );
    el.chart = u;
    addEventListener('resize', () => u.setSize({ width: width(), height: 260 }));

    // The keyboard's cursor: focus shows the last day, arrows step through the days.
    el.tabIndex = 0;
    let index = data.x.length - 1;
    const show = () => {
      const left = u.valToPos(data.x[index], 'x');
      u.setCursor({ left, top: u.bbox.height / devicePixelRatio / 2 });
    };
    el.addEventListener('focus', () => data.x.length && show());
    el.addEventListener('keydown', (e) => {
      if (e.key != 'ArrowLeft' && e.key != 'ArrowRight') return;
      index = Math.min(Math.max(index + (e.key == 'ArrowRight' ? 1 : -1), 0), data.x.length - 1);
      show();
      e.preventDefault();
    });
  };

  document.querySelectorAll('[data-chart]').forEach(draw);
})();
