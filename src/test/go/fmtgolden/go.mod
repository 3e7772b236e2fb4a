module vaultlet/fmtgolden

go 1.19
