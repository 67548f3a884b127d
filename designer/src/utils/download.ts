/** Offers text as a file download (BPMN, form JSON, …). */
export function downloadText(text: string, fileName: string, type = 'application/xml'): void {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** Reads a file the user picked as text. */
export function readFileText(file: File): Promise<string> {
  return file.text();
}
