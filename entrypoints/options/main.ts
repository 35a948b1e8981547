import '@/ui/kit/ui.css';
import '@/ui/options/corpora.css';
import { renderOptions } from '@/ui/options/options-page';

void renderOptions(document.getElementById('app')!);
