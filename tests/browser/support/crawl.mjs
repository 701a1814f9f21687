// Every same-origin page reachable from the home page by links (bounded), for tests that must
// check every public page: a new page is covered without editing them.
export async function crawl(base, limit = 600) {
  const seen = new Set(['/']);
  const queue = ['/'];
  while (queue.length > 0 && seen.size < limit) {
    const pathname = queue.shift();
    const html = await (await fetch(base + pathname)).text();
    for (const match of html.matchAll(/href="(\/[^"#]*)"/g)) {
      const href = match[1].replaceAll('&amp;', '&');
      if (href.startsWith('/assets/') || seen.has(href)) continue;
      seen.add(href);
      queue.push(href);
    }
  }
  return [...seen];
}
