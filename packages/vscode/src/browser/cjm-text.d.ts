// The bundle embeds `.cjm` files as text (esbuild's text loader): the built-in library.
declare module '*.cjm' {
    const text: string;
    export default text;
}
