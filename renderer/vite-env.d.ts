// Vite bundles CSS, SVG and JSON imported from the screens.
declare module "*.css";
declare module "*.svg" {
  const url: string;
  export default url;
}
