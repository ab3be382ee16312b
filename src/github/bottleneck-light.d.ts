// Types for bottleneck's light build, which the throttling plugin uses and which ships no .d.ts of its own.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
