/** Connector icon: an envelope on a blue tile (our own drawing). */
export const icon = `<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">
  <rect width="18" height="18" rx="3" fill="#1A82E2"/>
  <rect x="3" y="5" width="12" height="8" rx="1" fill="#FFFFFF"/>
  <path d="M3.5 5.5 9 9.5l5.5-4" fill="none" stroke="#1A82E2" stroke-width="1.2" stroke-linejoin="round"/>
</svg>`;
