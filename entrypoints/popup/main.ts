import '@/lib/popup/ui.css';
import { renderPopup } from '@/lib/popup/popup';

void renderPopup(document.getElementById('app')!, new URL(location.href).searchParams);
