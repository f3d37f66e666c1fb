// Sorts `table.sortable` in place when a column heading is followed: the headings are links that
// sort on the server, so without script they still work. Cells carry their sort key in `data-sort`
// (numbers for figures, the code for partners); `aria-sort` tells assistive technology.
(() => {
  for (const table of document.querySelectorAll('table.sortable')) {
    const headings = [...table.tHead.rows[0].cells];
    const body = table.tBodies[0];
    headings.forEach((th, column) => {
      const link = th.querySelector('a');
      if (!link) return;
      link.addEventListener('click', (event) => {
        event.preventDefault();
        const numeric = th.classList.contains('num');
        const current = th.getAttribute('aria-sort');
        const dir = current ? (current == 'descending' ? 'ascending' : 'descending') : numeric ? 'descending' : 'ascending';
        const sign = dir == 'ascending' ? 1 : -1;
        const key = (row) => {
          const v = row.cells[column].dataset.sort ?? row.cells[column].textContent;
          return numeric ? Number(v) : v;
        };
        const rows = [...body.rows].sort((a, b) => {
          const x = key(a), y = key(b);
          return (x < y ? -sign : x > y ? sign : 0) || (a.dataset.ref < b.dataset.ref ? -1 : 1);
        });
        body.append(...rows);
        for (const h of headings) h.removeAttribute('aria-sort');
        th.setAttribute('aria-sort', dir);
        // The address keeps the order, so a reload or a shared link shows the same table.
        const url = new URL(link.href);
        url.searchParams.set('dir', dir == 'ascending' ? 'asc' : 'desc');
        history.replaceState(null, '', url);
      });
    });
  }
})();
