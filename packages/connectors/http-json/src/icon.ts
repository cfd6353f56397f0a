/** Connector icon: two arrows exchanging between brackets on a dark tile (our own drawing). */
export const icon = `<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">
  <rect width="18" height="18" rx="3" fill="#2D3E50"/>
  <path d="M5 4.5 2.5 9 5 13.5M13 4.5 15.5 9 13 13.5" fill="none" stroke="#FFFFFF" stroke-width="1.3" stroke-linecap="round" stroke-linejoin="round"/>
  <path d="M6.5 7.5h5l-1.5-1.5M11.5 10.5h-5l1.5 1.5" fill="none" stroke="#7FD1FF" stroke-width="1.2" stroke-linecap="round" stroke-linejoin="round"/>
</svg>`;
