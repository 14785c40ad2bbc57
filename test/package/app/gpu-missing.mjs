// Bundled without 'axon-nn/gpu': asking for the GPU backend says how to include it.
import { setBackend } from 'axon-nn';

setBackend('gpu').then(
  () => console.log(JSON.stringify({ loaded: true })),
  (error) => console.log(JSON.stringify({ name: error.name, message: error.message })),
);
