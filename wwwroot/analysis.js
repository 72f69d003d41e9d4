// Browser side of the analysis page (a module, loaded by AnalyzePage; CSP allows only same-origin scripts).

// The text box carries maxlength, so the browser cuts a longer paste without a word. Tell the page how long the paste
// would have made the text, so it can say so.
export function watchPaste(selector, page) {
    const box = document.querySelector(selector);
    if (!box || box.dataset.pasteWatched) return;
    box.dataset.pasteWatched = "true";
    box.addEventListener("paste", event => {
        const pasted = event.clipboardData ? event.clipboardData.getData("text") : "";
        const selected = (box.selectionEnd ?? 0) - (box.selectionStart ?? 0);
        const length = box.value.length - selected + pasted.length;
        if (box.maxLength > 0 && length > box.maxLength) page.invokeMethodAsync("OnPasteTruncated", length);
    });
}

// Saves text as a file through a temporary object URL.
export function download(fileName, contentType, content) {
    const url = URL.createObjectURL(new Blob([content], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
}

// Saves a file the server streams (a report, which may be binary) under fileName.
export async function downloadStream(fileName, contentType, streamReference) {
    const content = await streamReference.arrayBuffer();
    download(fileName, contentType, content);
}

// Copies text; false when the browser refuses (no permission, insecure origin).
export async function copy(text) {
    try {
        await navigator.clipboard.writeText(text);
        return true;
    } catch {
        return false;
    }
}

// Scrolls a sentence card into view and moves the focus to it.
export function reveal(id) {
    const card = document.getElementById(id);
    if (!card) return;
    card.scrollIntoView({ behavior: "smooth", block: "center" });
    card.focus({ preventScroll: true });
}
