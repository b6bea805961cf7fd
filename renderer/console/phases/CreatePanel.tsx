// No ceremony open (or the last one ended): create one, or resume one of this kiosk's ceremonies.
import { useEffect, useState } from 'react';
import type { KioskCommands } from '../../../electron/contract/kiosk-api.ts';
import { visibleText } from '../../../draw-core/display-text.ts';
import { useT } from '../../i18n.ts';
import type { PanelProps } from '../panel.ts';
import { Pin } from '../parts/NotaryPin.tsx';

export function CreatePanel({ run }: PanelProps) {
  const t = useT();
  const [period, setPeriod] = useState('');
  const [kind, setKind] = useState<'quota-allocation' | 'representative-selection'>('quota-allocation');
  const [rehearsal, setRehearsal] = useState(true);
  const [pin, setPin] = useState('');
  const [pin2, setPin2] = useState('');
  const [list, setList] = useState<KioskCommands['listCeremonies']['result']>([]);
  const [resumePin, setResumePin] = useState('');
  useEffect(() => {
    void run('listCeremonies', {}).then((l) => setList(l ?? []));
  }, [run]);
  const mismatch = pin !== pin2;
  return (
    <>
      <section className="panel">
        <h2>{t('创建仪式', 'Create a ceremony')}</h2>
        <div className="row">
          <label>{t('期号', 'Period')}<input name="period" value={period} onChange={(e) => setPeriod(e.target.value)} placeholder="2026-11" /></label>
          <label>{t('类型', 'Kind')}
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="quota-allocation">{t('指标配置', 'Quota allocation')}</option>
              <option value="representative-selection">{t('申请人代表抽取', 'Representative selection')}</option>
            </select>
          </label>
          <label className="inline"><input type="checkbox" name="rehearsal" checked={rehearsal} onChange={(e) => setRehearsal(e.target.checked)} /> {t('演练', 'Rehearsal')}</label>
        </div>
        <div className="row">
          <Pin value={pin} onChange={setPin} label={t('公证员设置 PIN（6–12 位数字）', 'Notary sets a PIN (6-12 digits)')} />
          <Pin value={pin2} onChange={setPin2} label={t('再次输入 PIN', 'PIN again')} />
          <button className="primary" disabled={!period || mismatch || (!rehearsal && !pin)}
            onClick={() => void run('createCeremony', { period, kind, rehearsal, notaryPin: pin || undefined })}>{t('创建', 'Create')}</button>
        </div>
        {mismatch && <p className="muted">{t('两次输入的 PIN 不一致', 'The two PINs differ')}</p>}
        {rehearsal && !pin && <p className="muted">{t('演练可不设 PIN：由软件代替公证员确认', 'A rehearsal may go without a PIN: the software stands in for the notary')}</p>}
      </section>
      {list.length > 0 && (
        <section className="panel">
          <h2>{t('继续仪式', 'Resume a ceremony')}</h2>
          <p className="muted">{t('设有 PIN 的仪式须由公证员输入 PIN 才能继续：PIN 用于核验停机期间日志未被改动。', 'A ceremony with a PIN resumes only with the notary\'s PIN: it proves the journal was not changed while the kiosk was down.')}</p>
          <div className="row"><Pin value={resumePin} onChange={setResumePin} label={t('公证员 PIN', 'Notary PIN')} /></div>
          {list.map((c) => (
            <div className="row" key={c.dir}>
              <span>{c.period}{c.title ? <> · <bdi>{visibleText(c.title)}</bdi></> : ''} · {c.phase}{c.rehearsal ? t(' · 演练', ' · rehearsal') : ''}</span>
              <button onClick={() => void run('resumeCeremony', { dir: c.dir, pin: resumePin || undefined })}>{t('继续', 'Resume')}</button>
            </div>
          ))}
        </section>
      )}
    </>
  );
}
