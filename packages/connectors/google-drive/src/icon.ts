/** Connector icon: a folder with a down arrow on a Drive-blue tile (our own drawing). */
export const icon = `<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">
  <rect width="18" height="18" rx="3" fill="#1A73E8"/>
  <path d="M3 5.5a1 1 0 0 1 1-1h3.2l1.3 1.3H14a1 1 0 0 1 1 1V13a1 1 0 0 1-1 1H4a1 1 0 0 1-1-1z" fill="#FFFFFF"/>
  <path d="M9 7.6v4M7.2 10l1.8 1.8 1.8-1.8" fill="none" stroke="#1A73E8" stroke-width="1.1" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
