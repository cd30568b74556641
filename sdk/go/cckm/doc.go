// Runs Thales CipherTrust Manager CCKM jobs (cloud key synchronization, refreshes, SAP key jobs) and keeps CM's synchronization schedules.
package cckm
