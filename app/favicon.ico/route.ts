/** Browsers ask for /favicon.ico whatever the page links; send them to the app's icon (app/icon.svg). */
export function GET(request: Request): Response {
  return Response.redirect(new URL("/icon.svg", request.url), 308);
}
