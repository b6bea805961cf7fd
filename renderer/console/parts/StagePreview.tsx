// The stage as the audience sees it, in a frame on the console.
import { useT } from '../../i18n.ts';

export function StagePreview() {
  const t = useT();
  return (
    <section className="panel">
      <h2>{t('大屏预览', 'Stage preview')}</h2>
      <iframe className="preview" src="stage.html" title="stage" />
    </section>
  );
}
