// Scope items of the simulator's built-in seed (simulator/seed/default.json), named for the specs of this suite.
export const DSM = [
  "89c49e63-b5c9-46be-9371-0d8b0649e289",
  "8376d8ce-43a4-44b0-9958-1d64d4a455bf",
  "d9fcff17-2d1a-4f55-bde0-8072bb2f2985",
];
export const EXTERNAL_CM = [
  "3e732d57-5ea1-491f-b238-9f4a39a9566f",
  "c4e5bd34-af39-4027-9058-6f1a4bb3519d",
  "5929a220-c511-4ac5-afe0-b82728f9c843",
];
export const GOOGLE = [
  "projects/gemalto-kyloeng/locations/global/keyRings/demo-key-ring",
  "projects/acme-payments-prod/locations/europe-west1/keyRings/payments-eu",
  "projects/acme-payments-prod/locations/us-east1/keyRings/payments-us",
];
export const AZURE = ["keyvault-softkeys", "kv-payments-prod"];
export const AWS = ["aws-prod", "aws-sandbox"];
export const OCI = ["oci-vault-frankfurt", "oci-vault-ashburn"];
export const SAP_GROUPS = ["sap-dwc-prod", "sap-hana-test"];
export const SAP_KEYS = [
  "b707ea86-37bb-4212-ad09-2635698dbe4a",
  "f467087b-417a-49b1-b0aa-43036d274000",
  "08eb0a7f-8912-406a-8124-ea6b54bfdb19",
];
export const LUNA = ["0d9d92e0-5109-4e67-89c4-cde66c4b54fe", "5e1ab783-cb98-44c8-902a-41491d0bddd5"];
/** Salesforce organizations, by CCKM resource id (the only form CCKM takes for them). */
export const SFDC = ["d5c1da8d-3344-4cf4-9054-afbabf0167b9", "262a7d5b-943a-436b-9e13-1d96c2451f89"];
