/** The combination matrix of matrix.test.ts, every run stored in S3 (a fresh bucket per run). */
process.env["MATRIX_DATASTORE"] = "s3";
await import("./matrix.test.js");
