// What `pulumi import` takes, as the `## Import` section that Pulumi's registry renders (and the SDKs' doc comments
// carry) at the end of each resource's description. The ID's meaning comes from the kind's registry entry
// (`importId`); the plugin's `Read` with no inputs is what makes the import work (provider/plugin/engine.ts).

/** An ID of the shape CM gives its jobs and job configs, for the example command. */
const EXAMPLE_ID = "2d1f7a9e-5b8c-4e0f-9a61-3c7d2e8b4f10";

/** The `## Import` section of a resource's description. */
export function importSection(kind: string, importId: string): string {
  const name = kind.replace(/^./, (c) => c.toLowerCase());
  return (
    `\n\n## Import\n\nThe import ID is ${importId}. Imported resources are protected by default; add ` +
    "`--protect=false` to allow `pulumi destroy` to remove them.\n\n```sh\n" +
    `$ pulumi import cckm:index:${kind} ${name} ${EXAMPLE_ID}\n\`\`\`\n`
  );
}
