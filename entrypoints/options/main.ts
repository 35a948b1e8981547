import '@/lib/popup/ui.css';
import '@/lib/options/corpora.css';
import { renderOptions } from '@/lib/options/options-page';

void renderOptions(document.getElementById('app')!);
