// Copy buttons: `data-copy` names the input whose value is copied. The button says what happened,
// and a polite live region repeats it for screen readers.
(() => {
  const live = document.createElement('p');
  live.className = 'visually-hidden';
  live.setAttribute('aria-live', 'polite');
  document.body.append(live);
  for (const button of document.querySelectorAll('button[data-copy]')) {
    const label = button.textContent;
    button.addEventListener('click', async () => {
      const input = document.getElementById(button.dataset.copy);
      let copied = false;
      try {
        await navigator.clipboard.writeText(input.value);
        copied = true;
      } catch {
        // No clipboard permission (an insecure origin, an old browser): select the text for Ctrl+C.
        input.select();
      }
      button.textContent = copied ? 'Copied' : 'Press Ctrl+C';
      live.textContent = copied ? 'Copied to the clipboard' : 'Selected: press Ctrl+C to copy';
      setTimeout(() => (button.textContent = label), 2000);
    });
  }
})();
