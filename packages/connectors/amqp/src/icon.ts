/** Connector icon: a queue of three messages flowing into a box, on an orange tile (our own drawing). */
export const icon = `<svg xmlns="http://www.w3.org/2000/svg" width="18" height="18" viewBox="0 0 18 18">
  <rect width="18" height="18" rx="3" fill="#E8590C"/>
  <rect x="2.5" y="7" width="2.6" height="4" rx="0.6" fill="#FFFFFF"/>
  <rect x="6" y="7" width="2.6" height="4" rx="0.6" fill="#FFFFFF"/>
  <rect x="9.5" y="7" width="2.6" height="4" rx="0.6" fill="#FFFFFF"/>
  <path d="M13 4.5h2.5v9H13" fill="none" stroke="#FFFFFF" stroke-width="1.2" stroke-linejoin="round"/>
</svg>`;
