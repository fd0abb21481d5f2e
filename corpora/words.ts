/** Words of a document's body: front matter dropped, only tokens with a letter or digit counted (table pipes are not words). */
export function countWords(markdown: string): number {
  const body = markdown.replace(/^---\n[\s\S]*?\n---\n/, '');
  return body.split(/\s+/).filter((t) => /[\p{L}\p{N}]/u.test(t)).length;
}
