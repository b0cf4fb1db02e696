package workspacechat

// DecodeChatRows is the decoder of a page of chat rows, for the
// benchmarks and allocation tests of package workspacechat_test.
var DecodeChatRows = decodeList[ChatRow]
