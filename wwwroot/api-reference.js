// Configuration module of the API reference page (/api/docs), which Scalar's start-up script imports and merges into its
// configuration (ApiExtensions.MapApiReference names it; the CSP allows it as a same-origin script).

// Scalar sends the selected scheme's X-API-Key header even when the key field is empty. An empty key is not a key: send no
// header, so that the browser's session cookie authenticates the request, as the page says it may.
export default {
    onRequestBuilt: ({ request }) => {
        if (!request.headers.get("X-API-Key")?.trim()) request.headers.delete("X-API-Key");
    },
};
