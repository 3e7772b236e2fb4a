module github.com/vaultlet/vaultlet/bench/go

go 1.19
