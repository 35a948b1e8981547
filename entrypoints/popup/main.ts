import '@/ui/kit/ui.css';
import { renderPopup } from '@/ui/popup/popup';

void renderPopup(document.getElementById('app')!, new URL(location.href).searchParams);
