// The public API, as the pages use it: JSON in, `{ status, ok, body }` out, never a thrown HTTP error.
export const request = async (method, path, body) => {
  try {
    const response = await fetch(path, {
      method,
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const parsed = await response.json().catch(() => ({}));
    return { status: response.status, ok: response.ok, body: parsed };
  } catch {
    return { status: 0, ok: false, body: {} };
  }
};

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);

/** A query parameter of this page's address ('' when absent). */
export const param = (name) => new URLSearchParams(window.location.search).get(name) ?? '';

/** A new element with optional text and class. */
export const element = (tag, text, className) => {
  const node = document.createElement(tag);
  if (text !== undefined) node.textContent = text;
  if (className) node.className = className;
  return node;
};
