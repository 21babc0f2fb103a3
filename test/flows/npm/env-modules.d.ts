// Types of the packages the flows in this folder import only inside step environments (@npm):
// the project itself does not depend on them, so TypeScript needs their shape spelled out.
declare module "is-number" {
  const isNumber: (value: unknown) => boolean;
  export default isNumber;
}
