// Bundled, the GPU backend is there only when 'axon-nn/gpu' is imported: this import must survive
// tree shaking (it registers the backend), and getBackend('gpu') then answers without loading.
import 'axon-nn/gpu';
import { getBackend } from 'axon-nn';

console.log(JSON.stringify({ name: getBackend('gpu').name }));
