// Runs Thales CipherTrust Manager CCKM jobs (cloud key synchronization, refreshes, SAP key jobs).
package cckm
