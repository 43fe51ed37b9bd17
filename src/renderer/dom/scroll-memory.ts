// Where the catalogue was scrolled to, so coming back to it (back button, breadcrumb) lands there.
let catalogueScrollY = 0;

export function rememberCatalogueScroll(y: number): void {
  catalogueScrollY = y;
}

export function catalogueScroll(): number {
  return catalogueScrollY;
}
