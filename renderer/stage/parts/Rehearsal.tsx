// A rehearsal on every frame: a watermark large enough, outlined and contrasted enough, to survive
// a compressed stream, and a tag in the corner for a crop of the picture.
export function Watermark() {
  return <div className="watermark" data-testid="watermark"><span>演练 REHEARSAL</span></div>;
}

export function RehearsalTag() {
  return <div className="rehearsal-tag" data-testid="rehearsal-tag"><span>演练</span> <span>REHEARSAL</span></div>;
}
