// Vite bundles CSS imported from the screens.
declare module "*.css";
