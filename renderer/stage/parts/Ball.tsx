// A ball as a ball: the digit centred on it and sized to it (stage.css: --ball, in the frame's pixels).
export function Ball({ digit, voided = false }: { digit: string; voided?: boolean }) {
  return <span className={voided ? 'ball voided' : 'ball'}>{digit}</span>;
}
