import { renderSourceView } from '@/ui/source-view/render-source-view';

void renderSourceView(document.getElementById('app')!, new URL(location.href).searchParams);
