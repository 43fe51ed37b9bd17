// Whether a key press happens while the user types somewhere (where `/` or Option+← must stay text).
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  // A read-only field (the form preview's) takes no text: the shortcuts stay shortcuts there.
  if (target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement) return !target.readOnly && !target.disabled;
  return target instanceof HTMLSelectElement;
}
