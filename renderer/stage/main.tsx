import { createRoot } from 'react-dom/client';
import '../styles/base.css';
import '../styles/stage.css';
import { KioskClient } from '../api/client.ts';
import { StageApp } from './StageApp.tsx';

createRoot(document.getElementById('root')!).render(<StageApp client={new KioskClient('stage')} />);
