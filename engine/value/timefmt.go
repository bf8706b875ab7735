package value

import "time"

// AppendTimestamp appends ns (nanoseconds since the Unix epoch) in RFC 3339
// with nanoseconds, UTC, exactly as time.Time.AppendFormat with
// time.RFC3339Nano does ("2026-01-02T03:04:05.5Z": trailing zeros of the
// fraction dropped, no fraction when it is zero), but several times faster.
func AppendTimestamp(dst []byte, ns int64) []byte {
	secs, nanos := ns/1e9, ns%1e9
	if nanos < 0 {
		secs, nanos = secs-1, nanos+1e9
	}
	days, sod := secs/86400, secs%86400
	if sod < 0 {
		days, sod = days-1, sod+86400
	}
	y, m, d := civilFromDays(days)
	if y < 0 || y > 9999 {
		return time.Unix(0, ns).UTC().AppendFormat(dst, time.RFC3339Nano)
	}
	dst = append(dst,
		byte('0'+y/1000), byte('0'+y/100%10), byte('0'+y/10%10), byte('0'+y%10), '-',
		byte('0'+m/10), byte('0'+m%10), '-',
		byte('0'+d/10), byte('0'+d%10), 'T',
		byte('0'+sod/36000), byte('0'+sod/3600%10), ':',
		byte('0'+sod/600%6), byte('0'+sod/60%10), ':',
		byte('0'+sod%60/10), byte('0'+sod%10))
	return append(AppendFraction(dst, nanos), 'Z')
}

// AppendFraction appends the fraction of a second of nanos (0 to
// 999 999 999) as RFC 3339 writes it: nothing for 0, else '.' and the
// digits without trailing zeros.
func AppendFraction(dst []byte, nanos int64) []byte {
	if nanos == 0 {
		return dst
	}
	var frac [10]byte
	frac[0] = '.'
	n := 9
	for i := 9; i >= 1; i-- {
		frac[i] = byte('0' + nanos%10)
		nanos /= 10
	}
	for frac[n] == '0' {
		n--
	}
	return append(dst, frac[:n+1]...)
}

// civilFromDays converts days since 1970-01-01 to a proleptic Gregorian
// date (the "days from civil" inverse from Howard Hinnant's date
// algorithms, in 400-year eras starting on March 1).
func civilFromDays(days int64) (year, month, day int64) {
	z := days + 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097                                  // [0, 146096]
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365 // [0, 399]
	doy := doe - (365*yoe + yoe/4 - yoe/100)               // [0, 365]
	mp := (5*doy + 2) / 153                                // [0, 11], March = 0
	day = doy - (153*mp+2)/5 + 1
	month = mp + 3
	if month > 12 {
		month -= 12
	}
	year = yoe + era*400
	if month <= 2 {
		year++
	}
	return year, month, day
}
