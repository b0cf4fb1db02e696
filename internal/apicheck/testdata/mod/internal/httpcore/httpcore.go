package httpcore

type Safety int

const (
	Unsafe Safety = iota
	Idempotent
)

type Request struct {
	Method string
	Safety Safety
}
