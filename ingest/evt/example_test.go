package evt_test

import (
	"fmt"
	"io"
	"strings"

	"github.com/varpulis/varpulis-go/ingest"
	"github.com/varpulis/varpulis-go/ingest/evt"
)

func ExampleReader() {
	input := `# two doors, the second forced open
BATCH 0
BadgeIn { door: "D1", person: 'ana' }
@1500ms DoorOpened { door: "D1" }
BATCH 4000
DoorOpened { door: "D2", forced: true, sensors: [3, 4] }
DoorOpened { door: }
{"event_type": "DoorClosed", "data": {"door": "D1"}}
Heartbeat("gw-7", 12)
`
	r := evt.NewReader(strings.NewReader(input), "doors.evt", ingest.Options{})
	for {
		ev, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			fmt.Println(err) // a bad line; reading continues with the next one
			continue
		}
		fmt.Printf("%d ms %s\n", ev.Time/1e6, evt.AppendEvent(nil, ev))
	}
	// Output:
	// 0 ms BadgeIn { door: "D1", person: "ana" }
	// 1500 ms DoorOpened { door: "D1" }
	// 4000 ms DoorOpened { door: "D2", forced: true, sensors: [3, 4] }
	// doors.evt:7: error: missing value (column 20)
	// 4000 ms DoorClosed { door: "D1" }
	// 4000 ms Heartbeat { field_0: "gw-7", field_1: 12 }
}
