import { createRoot } from 'react-dom/client';
import '../styles/base.css';
import '../styles/console.css';
import { KioskClient } from '../api/client.ts';
import { ConsoleApp } from './ConsoleApp.tsx';

createRoot(document.getElementById('root')!).render(<ConsoleApp client={new KioskClient('console')} />);
