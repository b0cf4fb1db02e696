package httpcore

const Unsafe, Idempotent = 0, 1

type Request struct {
	Method     string
	Safety     int
	MaxRetries *int
}
