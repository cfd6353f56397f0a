/** Connector icon: a speech bubble with a hash sign on an aubergine tile (our own drawing). */
export const icon = `<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">
  <rect width="18" height="18" rx="3" fill="#4A154B"/>
  <path d="M4 4.5h10a1 1 0 0 1 1 1v5.5a1 1 0 0 1-1 1H8l-3 2.5V12H4a1 1 0 0 1-1-1V5.5a1 1 0 0 1 1-1z" fill="#FFFFFF"/>
  <path d="M7.6 6 7 10.5M10.2 6l-.6 4.5M6.2 7.4h4.8M5.9 9.1h4.8" fill="none" stroke="#4A154B" stroke-width="0.9" stroke-linecap="round"/>
</svg>`;
